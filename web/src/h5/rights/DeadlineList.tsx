import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { Assessment } from '../../shared/rights.ts';

/**
 * The deadlines of a case, each with its rule beside it and how it was counted, then whether an
 * award would be final and the legal-aid means test: a worker can check every date they are told.
 */
export function DeadlineList({ assessment }: { assessment: Assessment }) {
  const { t } = useTranslation();
  const award = assessment.finalAward;
  return (
    <div className="h5-rights-deadlines" data-testid="rights-deadlines">
      {assessment.deadlines.length === 0 && <p className="h5-rights-muted">{t('rights.noDeadlines')}</p>}
      {assessment.deadlines.map((d) => (
        <section key={d.code} className="h5-rights-deadline" data-testid={`deadline-${d.code}`}>
          <div className="h5-rights-deadline-top">
            <span className="h5-rights-deadline-title">{d.title}</span>
            {d.daysLeft !== null && (
              <Tag color={d.daysLeft < 0 ? 'danger' : d.daysLeft <= 30 ? 'warning' : 'success'} fill="outline">
                {d.daysLeft < 0
                  ? t('rights.expired', { count: -d.daysLeft })
                  : t('rights.daysLeft', { count: d.daysLeft })}
              </Tag>
            )}
          </div>
          <div className="h5-rights-date" data-testid="deadline-date">
            {d.lastDay ?? t('rights.notRunning')}
          </div>
          <div className="h5-rights-reasoning">{d.reasoning}</div>
          <blockquote className="h5-rights-rule" data-testid="deadline-rule">
            <strong>{t('rights.rule')}</strong> {d.rule}
          </blockquote>
        </section>
      ))}
      {award && (
        <section className="h5-rights-deadline" data-testid="final-award">
          <div className="h5-rights-deadline-top">
            <span className="h5-rights-deadline-title">{t('rights.finalAward')}</span>
            <Tag color={award.final ? 'primary' : 'default'} fill="outline">
              {award.final === null
                ? t('rights.finalUnknown')
                : award.final
                  ? t('rights.finalYes')
                  : t('rights.finalNo')}
            </Tag>
          </div>
          <div className="h5-rights-reasoning">{award.reasoning}</div>
          <blockquote className="h5-rights-rule">
            <strong>{t('rights.rule')}</strong> {award.rule}
          </blockquote>
        </section>
      )}
      {assessment.meansTestRule && (
        <section className="h5-rights-deadline h5-rights-aid" data-testid="means-test">
          <div className="h5-rights-deadline-title">{t('rights.meansTest')}</div>
          <div className="h5-rights-reasoning">{assessment.meansTestRule}</div>
        </section>
      )}
      <p className="h5-rights-muted">{assessment.disclaimer}</p>
    </div>
  );
}
