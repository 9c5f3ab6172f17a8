/** Chart colours for the light and dark themes; option builders take one so they stay pure. */
export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  series: string[];
  bands: { ok: string; caution: string; warning: string; danger: string };
  tooltipBackground: string;
}

export const LIGHT_PALETTE: ChartPalette = {
  text: '#1b2430',
  muted: '#556170',
  grid: '#d5dbe3',
  series: ['#0b6bcb', '#b4460b', '#1d7a3e', '#7a3eb1', '#a3186b', '#00707a'],
  bands: {
    ok: 'rgba(29,122,62,0.10)',
    caution: 'rgba(176,135,0,0.12)',
    warning: 'rgba(214,100,0,0.13)',
    danger: 'rgba(180,35,24,0.13)',
  },
  tooltipBackground: '#ffffff',
};

export const DARK_PALETTE: ChartPalette = {
  text: '#e6ebf1',
  muted: '#9fadbd',
  grid: '#33404e',
  series: ['#4da3ff', '#ff9b57', '#7ad69a', '#c49bff', '#ff7ac2', '#4fd1d9'],
  bands: {
    ok: 'rgba(122,214,154,0.12)',
    caution: 'rgba(255,210,122,0.13)',
    warning: 'rgba(255,155,87,0.15)',
    danger: 'rgba(255,138,128,0.16)',
  },
  tooltipBackground: '#19212a',
};

export function paletteFor(dark: boolean): ChartPalette {
  return dark ? DARK_PALETTE : LIGHT_PALETTE;
}
