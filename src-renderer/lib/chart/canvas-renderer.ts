/** Lines on a 2D canvas, at the screen's pixel ratio. */
import { CLIP_PAD, type ChartRenderer } from './renderer';

export function canvasRenderer(canvas: HTMLCanvasElement): ChartRenderer {
  const ctx = canvas.getContext('2d');
  let w = 0;
  let h = 0;
  return {
    kind: 'canvas',
    resize(width, height) {
      const dpr = globalThis.devicePixelRatio || 1;
      w = width;
      h = height;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    },
    draw(lines, c) {
      if (!ctx) return;
      ctx.clearRect(0, 0, w, h);
      ctx.save();
      ctx.beginPath();
      ctx.rect(c.x - CLIP_PAD, c.y - CLIP_PAD, c.w + 2 * CLIP_PAD, c.h + 2 * CLIP_PAD);
      ctx.clip();
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      for (const l of lines) {
        ctx.strokeStyle = l.style.color;
        ctx.globalAlpha = l.style.opacity;
        ctx.lineWidth = l.style.width;
        ctx.setLineDash(l.style.dash ? l.style.dash.split(/\s+/).map(Number) : []);
        ctx.beginPath();
        let move = true;
        const p = l.points;
        for (let i = 0; i + 1 < p.length; i += 2) {
          if (Number.isNaN(p[i]) || Number.isNaN(p[i + 1])) {
            if (l.style.fill && !move) ctx.closePath();
            move = true;
            continue;
          }
          if (move) ctx.moveTo(p[i], p[i + 1]);
          else ctx.lineTo(p[i], p[i + 1]);
          move = false;
        }
        if (l.style.fill) {
          ctx.closePath();
          ctx.fillStyle = l.style.color;
          ctx.fill();
          continue;
        }
        ctx.stroke();
        if (l.style.dots) {
          for (let i = 0; i + 1 < p.length; i += 2) {
            if (Number.isNaN(p[i]) || Number.isNaN(p[i + 1])) continue;
            ctx.beginPath();
            ctx.arc(p[i], p[i + 1], l.style.dots, 0, 2 * Math.PI);
            ctx.fillStyle = l.style.color;
            ctx.fill();
          }
        }
      }
      ctx.restore();
      ctx.globalAlpha = 1;
    },
    destroy() {
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}
