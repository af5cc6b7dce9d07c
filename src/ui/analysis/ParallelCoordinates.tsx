/**
 * Parallel-coordinates plot in plain SVG (recharts has none): one vertical axis per searched parameter and
 * one for the objective, one line per complete trial coloured from worst (pale) to best (dark). Hovering a
 * line brings it forward; its <title> gives the trial and score as a tooltip.
 */
import { useId, useState } from 'react';
import { formatScore } from '../common/format';
import { qualityColour, type ParallelData } from './searchData';

const WIDTH = 960;
const HEIGHT = 300;
const TOP = 40;
const BOTTOM = 24;
const SIDE = 56;

export interface ParallelCoordinatesProps {
  readonly data: ParallelData;
  /** Trial number of the study's best trial, drawn thicker. */
  readonly bestTrial: number | null;
}

export function ParallelCoordinates({ data, bestTrial }: ParallelCoordinatesProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  const descriptionId = useId();
  const { axes, lines } = data;
  const x = (a: number) => (axes.length > 1 ? SIDE + (a * (WIDTH - 2 * SIDE)) / (axes.length - 1) : WIDTH / 2);
  const y = (position: number) => TOP + (1 - position) * (HEIGHT - TOP - BOTTOM);
  const paths = lines.map((line) => {
    // A trial without a parameter (inactive conditional) breaks its line at that axis instead of inventing a value.
    let d = '';
    let pen = false;
    line.positions.forEach((p, a) => {
      if (p === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(a).toFixed(1)},${y(p).toFixed(1)}`;
      pen = true;
    });
    return { line, d };
  });
  const best = lines.find((l) => l.trial === bestTrial) ?? lines[lines.length - 1];
  const objectiveName = axes[axes.length - 1]?.name ?? 'objective';
  const description =
    `${lines.length} complete trials across ${axes.length - 1} parameters (${axes.slice(0, -1).map((a) => a.name).join(', ')}) and ${objectiveName}; darker lines score better.` +
    (best ? ` Best: trial #${best.trial} with ${objectiveName} ${formatScore(best.value)}.` : '');

  return (
    <figure className="chart" style={{ margin: 0 }}>
      <svg role="img" aria-label="Parallel coordinates" aria-describedby={descriptionId} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" style={{ display: 'block', maxHeight: HEIGHT }}>
        <g fill="none">
          {paths.map(({ line, d }) => {
            const emphasised = hovered === null ? line.trial === bestTrial : hovered === line.trial;
            return (
              <path
                key={line.trial}
                d={d}
                stroke={qualityColour(line.quality)}
                strokeWidth={emphasised ? 3 : 1.5}
                strokeOpacity={hovered !== null && !emphasised ? 0.2 : 0.85}
                onMouseEnter={() => setHovered(line.trial)}
                onMouseLeave={() => setHovered(null)}
              >
                <title>{`trial #${line.trial}: ${objectiveName} ${formatScore(line.value)}`}</title>
              </path>
            );
          })}
          {hovered !== null &&
            paths
              .filter(({ line }) => line.trial === hovered)
              .map(({ line, d }) => <path key="hovered" d={d} stroke={qualityColour(line.quality)} strokeWidth={3} pointerEvents="none" />)}
        </g>
        {axes.map((axis, a) => (
          <g key={axis.name} transform={`translate(${x(a)},0)`} fontSize={11} fill="#374151">
            <line y1={y(0)} y2={y(1)} stroke="#6b7280" />
            {/* Names alternate between two rows when axes are close, so long names do not overlap. */}
            <text y={axes.length > 6 && a % 2 === 1 ? TOP - 26 : TOP - 12} textAnchor="middle" fontWeight={600} fill="#111827">
              {axis.name}
              {axis.log ? ' (log)' : ''}
            </text>
            {axis.ticks.map((tick) => (
              <g key={`${tick.position}-${tick.label}`} transform={`translate(0,${y(tick.position)})`}>
                <line x2={-4} stroke="#6b7280" />
                <text x={-6} dy="0.32em" textAnchor="end" stroke="#fff" strokeWidth={3} paintOrder="stroke">
                  {tick.label}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption id={descriptionId} className="muted">
        {description}
      </figcaption>
    </figure>
  );
}
