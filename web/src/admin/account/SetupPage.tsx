import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Divider, Form, Input, Result, Row, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import logo from '../../shared/assets/logo.svg';
import { isValidMobile, USERNAME_PATTERN } from '../../shared/personal-data.ts';
import { accountCalls, setupQuery } from '../../shared/query/account.ts';
import { applyServerFieldPaths } from '../components/formErrors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { FullPageSpin } from '../guards.tsx';

interface SetupForm {
  districtName: string;
  districtCode: string;
  displayName: string;
  username: string;
  phone?: string;
  password: string;
  confirm: string;
}

/** Where the server's field errors belong: body.district.code is districtCode, body.password is password. */
function fieldOf(path: string | undefined): string[] | undefined {
  const name = path?.replace(/^body\./, '');
  if (name === 'district.name') return ['districtName'];
  if (name === 'district.code') return ['districtCode'];
  return name && ['displayName', 'username', 'phone', 'password'].includes(name) ? [name] : undefined;
}

/** State the sign-in page is sent after setup: it says so and fills in the username. */
export interface SetupDone {
  setupDone: true;
  username: string;
}

/**
 * The first start (初始化): the district and its first administrator, by the one-time link the
 * server prints when it starts on an empty database. The token rides in the link's fragment
 * (#…), which browsers never send to a server or put in a Referer.
 */
export default function SetupPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => decodeURIComponent(location.hash.replace(/^#/, '')));
  const state = useQuery(setupQuery());
  const [form] = Form.useForm<SetupForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: SetupForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await accountCalls.setup({
        token,
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        password: values.password,
        district: { name: values.districtName.trim(), code: values.districtCode.trim() },
      });
      navigate('/login', {
        replace: true,
        state: { setupDone: true, username: values.username.trim() } satisfies SetupDone,
      });
    } catch (error) {
      // A refused token is spent or replaced: only a new link helps.
      if (error instanceof ApiError && error.status === 403) setFailure(t('setup.tokenRefused'));
      else if (!applyServerFieldPaths(form, error, fieldOf)) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  if (state.isPending) return <FullPageSpin />;

  let body: ReactNode;
  if (state.error) {
    body = <LoadError error={state.error} onRetry={() => void state.refetch()} />;
  } else if (!state.data.needed) {
    body = (
      <Result
        status="success"
        title={t('setup.notNeededTitle')}
        subTitle={t('setup.notNeededBody')}
        extra={
          <Button type="primary" onClick={() => navigate('/login', { replace: true })}>
            {t('setup.toLogin')}
          </Button>
        }
      />
    );
  } else {
    body = (
      <>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('setup.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.subtitle')}</Typography.Paragraph>
        {!token && <Alert type="error" showIcon title={t('setup.noToken')} style={{ marginBottom: 16 }} />}
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
        <Form<SetupForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark="optional"
          disabled={saving || !token}
          scrollToFirstError
        >
          <Divider titlePlacement="start" plain>
            {t('setup.district')}
          </Divider>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="districtName"
                label={t('setup.districtName')}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 60 }]}
              >
                <Input maxLength={60} placeholder={t('setup.districtNamePlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="districtCode"
                label={t('setup.districtCode')}
                extra={t('setup.districtCodeHint')}
                rules={[
                  { required: true, message: t('validation.required') },
                  { pattern: /^\d{6}(\d{6})?$/, message: t('setup.districtCodeInvalid') },
                ]}
              >
                <Input maxLength={12} inputMode="numeric" className="gz-mono" />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start" plain>
            {t('setup.admin')}
          </Divider>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="displayName"
                label={t('setup.displayName')}
                rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40 }]}
              >
                <Input maxLength={40} autoComplete="name" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="phone"
                label={t('setup.phone')}
                rules={[
                  {
                    validator: (_r, v?: string) =>
                      !v?.trim() || isValidMobile(v.trim())
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('users.form.phoneInvalid'))),
                  },
                ]}
              >
                <Input maxLength={11} inputMode="tel" autoComplete="tel" className="gz-mono" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="username"
            label={t('setup.username')}
            extra={t('users.form.usernameHint')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { pattern: USERNAME_PATTERN, message: t('users.form.usernameInvalid') },
            ]}
          >
            <Input maxLength={32} autoComplete="username" className="gz-mono" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="password"
                label={t('setup.password')}
                dependencies={['username']}
                rules={[
                  { required: true, message: t('validation.required') },
                  { min: 8, message: t('auth.passwordTooShort') },
                  { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: t('auth.passwordNeedsLettersAndDigits') },
                  ({ getFieldValue }) => ({
                    validator: (_rule, value: string | undefined) => {
                      const username = String(getFieldValue('username') ?? '')
                        .trim()
                        .toLowerCase();
                      return username && value?.toLowerCase().includes(username)
                        ? Promise.reject(new Error(t('auth.passwordContainsUsername')))
                        : Promise.resolve();
                    },
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="confirm"
                label={t('setup.confirmPassword')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('validation.required') },
                  ({ getFieldValue }) => ({
                    validator: (_rule, value: string | undefined) =>
                      !value || value === getFieldValue('password')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('auth.passwordMismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" className="gz-small">
            {t('auth.passwordRule')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" block size="large" loading={saving}>
            {t('setup.submit')}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <div className="gz-login">
      <div className="gz-login-hero">
        <div className="gz-login-hero-brand">
          <img src={logo} alt="" width={44} height={44} />
          <span>{t('app.name')}</span>
        </div>
        <h1>{t('login.heroTitle')}</h1>
        <p>{t('login.heroSubtitle')}</p>
      </div>
      <div className="gz-login-panel">
        <div className="gz-login-language">
          <LanguageSwitch />
        </div>
        <Card className="gz-login-card gz-setup-card" variant="borderless" data-testid="setup">
          {body}
        </Card>
      </div>
    </div>
  );
}
