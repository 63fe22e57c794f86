/**
 * On-time rate per department as horizontal CSS bars: light enough for a tablet, readable by a screen
 * reader (each bar is a list item saying its unit and its rate), no chart library to ship.
 */
import type { Schemas } from '../api/client';
import { barWidth, formatRate, rateTone } from '../lib/reports';

export function OnTimeChart({ departments }: { departments: Schemas['DepartmentFiguresOut'][] }) {
  if (departments.length === 0) return <p className="muted">Chưa có số liệu trong kỳ.</p>;
  return (
    <figure className="bar-chart" aria-labelledby="bieu-do-dung-han">
      <figcaption id="bieu-do-dung-han">Tỷ lệ xử lý đúng hạn theo đơn vị</figcaption>
      <ul aria-label="Tỷ lệ đúng hạn theo đơn vị">
        {departments.map((d) => (
          <li key={d.department_id ?? 'none'} data-testid="bar">
            <span className="bar-label">{d.department_name}</span>
            <span className="bar-track" aria-hidden="true">
              <span className={`bar bar-${rateTone(d.on_time_rate)}`} style={{ width: `${barWidth(d.on_time_rate)}%` }} />
            </span>
            <span className="bar-value">
              {formatRate(d.on_time_rate)}
              <span className="muted small">
                {' '}
                ({d.completed_on_time}/{d.completed_on_time + d.completed_late + d.overdue})
              </span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
