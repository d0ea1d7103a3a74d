import { FlagOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../shared/session.tsx';
import { SuperviseForm } from './SuperviseForm.tsx';

/** 督办 on a matter's page: for those who may supervise (street and district). */
export function SuperviseButton({ matterId }: { matterId: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!can(me, 'supervision.manage')) return null;
  return (
    <>
      <Button icon={<FlagOutlined />} onClick={() => setOpen(true)} data-testid="supervise-matter">
        {t('supervision.supervise')}
      </Button>
      {open && <SuperviseForm open matterId={matterId} onClose={() => setOpen(false)} />}
    </>
  );
}
