import { Form, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { roleLabel } from '../../shared/labels.ts';
import type { Grantable, Role } from '../../shared/types.ts';
import type { OrgIndex } from '../org/orgIndex.ts';
import { countUnits, departmentName, unitTree } from './grants.ts';

type NamePath = (string | number)[];

/**
 * One role over one unit: the role (only those the caller may grant), the unit it is held over
 * (divisions of the role's levels or grids of its kinds, from the caller's org tree), and the
 * department for department staff. `name` is the fields' name inside a Form.List (or none), `path`
 * the same from the form's root.
 */
export function GrantFields({
  name,
  path,
  grantable,
  index,
}: {
  name: NamePath;
  path: NamePath;
  grantable: Grantable | undefined;
  index: OrgIndex | undefined;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const role: Role | undefined = Form.useWatch([...path, 'role'], form);
  const fits = grantable?.roles.find((r) => r.role === role);
  const tree = useMemo(() => (index && fits ? unitTree(index, fits) : []), [index, fits]);
  const units = countUnits(tree);

  return (
    <>
      <Form.Item
        name={[...name, 'role']}
        label={t('users.form.role')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Select
          options={grantable?.roles.map((r) => ({ value: r.role, label: roleLabel(t, r.role) }))}
          loading={!grantable}
          onChange={() => {
            form.setFieldValue([...path, 'unit'], undefined);
            form.setFieldValue([...path, 'department'], undefined);
          }}
          aria-label={t('users.form.role')}
        />
      </Form.Item>
      <Form.Item
        name={[...name, 'unit']}
        label={t('users.form.unit')}
        rules={[{ required: true, message: t('validation.required') }]}
        extra={fits && units === 0 ? t('users.form.noUnits') : undefined}
      >
        <TreeSelect
          treeData={tree}
          disabled={!fits}
          placeholder={fits ? t('users.form.unitPlaceholder') : t('users.form.pickRoleFirst')}
          showSearch={{ treeNodeFilterProp: 'title' }}
          // A small area opens whole; a district's hundreds of grids are searched instead.
          treeDefaultExpandAll={units <= 40}
          popupMatchSelectWidth={false}
          aria-label={t('users.form.unit')}
        />
      </Form.Item>
      {fits?.needsDepartment && (
        <Form.Item
          name={[...name, 'department']}
          label={t('users.form.department')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={grantable?.departments.map((d) => ({ value: d, label: departmentName(t, d) }))}
            aria-label={t('users.form.department')}
          />
        </Form.Item>
      )}
    </>
  );
}
