import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Radio, Space, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type Weekday } from '../../shared/matters.ts';
import type { OpeningHours, WeeklyHours } from '../../shared/types.ts';

const DEFAULT_RANGE: [string, string] = ['08:30', '17:30'];

/** 24 小时, or hour ranges per weekday (a day with none is closed). */
export function OpeningHoursEditor({
  value,
  onChange,
}: {
  value?: OpeningHours;
  onChange?: (hours: OpeningHours) => void;
}) {
  const { t } = useTranslation();
  const always = value?.always ?? !value?.weekly;
  const weekly: WeeklyHours = value?.weekly ?? {};

  const setDay = (day: Weekday, ranges: [string, string][]) => {
    const next: WeeklyHours = { ...weekly };
    if (ranges.length) next[day] = ranges;
    else delete next[day];
    onChange?.({ weekly: next });
  };

  return (
    <div className="gz-hours">
      <Radio.Group
        optionType="button"
        value={always ? 'always' : 'weekly'}
        onChange={(e) =>
          onChange?.(
            e.target.value === 'always'
              ? { always: true }
              : {
                  weekly: Object.keys(weekly).length
                    ? weekly
                    : {
                        '1': [DEFAULT_RANGE],
                        '2': [DEFAULT_RANGE],
                        '3': [DEFAULT_RANGE],
                        '4': [DEFAULT_RANGE],
                        '5': [DEFAULT_RANGE],
                      },
                },
          )
        }
        options={[
          { value: 'always', label: t('stations.hoursMode.always') },
          { value: 'weekly', label: t('stations.hoursMode.weekly') },
        ]}
      />
      {!always && (
        <div className="gz-hours-week">
          {WEEKDAYS.map((day) => {
            const ranges = weekly[day] ?? [];
            return (
              <div key={day} className="gz-hours-day" data-testid={`hours-${day}`}>
                <span className="gz-hours-label">{t(`stations.weekdays.${day}`)}</span>
                <Space wrap size={6}>
                  {ranges.length === 0 && <Typography.Text type="secondary">{t('stations.rest')}</Typography.Text>}
                  {ranges.map(([from, to], i) => (
                    <Space.Compact key={i}>
                      <TimePicker.RangePicker
                        format="HH:mm"
                        minuteStep={5}
                        allowClear={false}
                        size="small"
                        value={[dayjs(`2000-01-01T${from}`), dayjs(`2000-01-01T${to}`)]}
                        onChange={(range) => {
                          if (!range?.[0] || !range[1]) return;
                          const next = ranges.map((r, j): [string, string] =>
                            j === i ? [range[0]!.format('HH:mm'), range[1]!.format('HH:mm')] : r,
                          );
                          setDay(day, next);
                        }}
                        style={{ width: 170 }}
                      />
                      <Button
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={t('stations.removeRange')}
                        onClick={() =>
                          setDay(
                            day,
                            ranges.filter((_r, j) => j !== i),
                          )
                        }
                      />
                    </Space.Compact>
                  ))}
                  {ranges.length < 4 && (
                    <Button
                      size="small"
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => setDay(day, [...ranges, ranges.length ? ['13:30', '17:30'] : DEFAULT_RANGE])}
                    >
                      {t('stations.addRange')}
                    </Button>
                  )}
                </Space>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
