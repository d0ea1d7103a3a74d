import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { art278Bars, barPercent, percent, type Art278Reckoning, type Fraction } from '../../shared/deliberation.ts';
import './deliberation.css';

function RatioRow({
  label,
  fraction,
  bound,
  boundLabel,
  met,
  unit,
}: {
  label: string;
  fraction: Fraction;
  bound: number;
  boundLabel: string;
  met: boolean;
  unit: string;
}) {
  const { t } = useTranslation();
  return (
    <div className={`gz-ratio${met ? ' gz-ratio-met' : ''}`} data-testid="ratio">
      <div className="gz-ratio-head">
        <span>
          {met ? (
            <CheckCircleFilled style={{ color: '#389e0d' }} />
          ) : (
            <CloseCircleFilled style={{ color: '#cf1322' }} />
          )}{' '}
          {label}
        </span>
        <strong>{percent(fraction)}</strong>
      </div>
      <div className="gz-ratio-bar">
        <div className="gz-ratio-fill" style={{ width: `${barPercent(fraction)}%` }} />
        <div className="gz-ratio-mark" style={{ left: `${bound * 100}%` }} title={boundLabel} />
      </div>
      <div className="gz-ratio-foot">
        <span>
          {fraction.num.toLocaleString(undefined, { maximumFractionDigits: 2 })} /{' '}
          {fraction.den.toLocaleString(undefined, { maximumFractionDigits: 2 })} {unit}
        </span>
        <span>{t('deliberation.boundNeeded', { bound: boundLabel })}</span>
      </div>
    </div>
  );
}

/** The art. 278 reckoning: which rule applied, the four ratios against their bounds, passed or not. */
export function Art278Panel({ reckoning }: { reckoning: Art278Reckoning }) {
  const { t } = useTranslation();
  const bars = art278Bars(reckoning);
  const special = reckoning.rule === 'art278_special';
  const area = (f: Fraction): Fraction => ({ ...f, num: f.num / 100, den: f.den / 100 });
  const unitOf = (key: string) => (key.endsWith('Area') ? 'm²' : t('deliberation.art278.households'));
  return (
    <div className="gz-art278" data-testid="art278">
      <div
        className={`gz-verdict ${reckoning.passed ? 'gz-verdict-passed' : 'gz-verdict-failed'}`}
        data-testid="art278-verdict"
      >
        <span>
          {reckoning.passed ? <CheckCircleFilled /> : <CloseCircleFilled />}{' '}
          {reckoning.passed ? t('deliberation.passed') : t('deliberation.notPassed')}
        </span>
        <span className="gz-verdict-rule">{t(`deliberation.rule.${reckoning.rule}`)}</span>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {special ? t('deliberation.art278.specialExplain') : t('deliberation.art278.ordinaryExplain')}
      </Typography.Paragraph>
      <div className="gz-art278-grid">
        <div>
          <div className="gz-ratio-group">{t('deliberation.art278.participation')}</div>
          {bars.participation.map((b) => (
            <RatioRow
              key={b.key}
              label={t(`deliberation.art278.${b.key}`)}
              fraction={b.key.endsWith('Area') ? area(b.fraction) : b.fraction}
              bound={2 / 3}
              boundLabel={reckoning.bounds.participation}
              met={b.met}
              unit={unitOf(b.key)}
            />
          ))}
        </div>
        <div>
          <div className="gz-ratio-group">{t('deliberation.art278.agreement')}</div>
          {bars.agreement.map((b) => (
            <RatioRow
              key={b.key}
              label={t(`deliberation.art278.${b.key}`)}
              fraction={b.key.endsWith('Area') ? area(b.fraction) : b.fraction}
              bound={special ? 3 / 4 : 1 / 2}
              boundLabel={reckoning.bounds.agreement}
              met={b.met}
              unit={unitOf(b.key)}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
