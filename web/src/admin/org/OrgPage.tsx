import { Card, Col, Empty, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { DivisionDetail } from '../org/DivisionDetail.tsx';
import { GridDetail } from '../org/GridDetail.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { OrgTreePanel, parseNodeKey, type OrgNodeKey } from '../org/OrgTreePanel.tsx';
import type { ReactNode } from 'react';

export default function OrgPage() {
  const { t } = useTranslation();
  const { index, error, reload } = useOrgTree();
  // The selection lives in the URL so a grid can be linked to and survives a reload.
  const [params, setParams] = useSearchParams();
  const selectedKey = params.get('node');
  const selected = parseNodeKey(selectedKey);
  const select = (key: OrgNodeKey) => setParams({ node: key });

  let detail: ReactNode;
  if (!index) {
    detail = <Skeleton active />;
  } else if (selected?.type === 'grid' && index.gridById.has(selected.id)) {
    detail = <GridDetail key={selected.id} gridId={selected.id} />;
  } else if (selected?.type === 'division' && index.divisionById.get(selected.id)?.inScope) {
    detail = <DivisionDetail index={index} division={index.divisionById.get(selected.id)!} onSelect={select} />;
  } else {
    detail = (
      <Card>
        <Empty description={t('org.pickNode')} style={{ padding: 48 }} />
      </Card>
    );
  }

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.org')} description={t('org.subtitle')} />
      {error !== undefined && <LoadError error={error} onRetry={reload} />}
      <Row gutter={16} wrap={false}>
        <Col flex="360px">
          <Card className="gz-tree-card">
            {index ? <OrgTreePanel index={index} selectedKey={selectedKey} onSelect={select} /> : <Skeleton active />}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {detail}
        </Col>
      </Row>
    </div>
  );
}
