/** Text for HTML content and attribute values. */
import escapeHtml from 'escape-html';

export { escapeHtml };

/** A relative path as a URL (each segment percent-encoded, so `#`, `?`, `%` and spaces in keys survive). */
export const hrefOf = (relativePath: string): string => relativePath.split('/').map(encodeURIComponent).join('/');

/** The style both reports share: plain tables, red FAIL, green pass, images on a checkerboard (transparency shows). */
const baseStyle = `
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { border-top: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
.fail .verdict { color: #b00; font-weight: bold; } .pass .verdict { color: #070; } .no-golden .verdict { color: #555; }
img { background: repeating-conic-gradient(#ccc 0 25%, #fff 0 50%) 0 0 / 16px 16px; }
code { word-break: break-all; }
dl.key { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dl.key dt { font-weight: bold; } dl.key dd { margin: 0; }
`;

/** A complete HTML document. */
export function htmlPage(title: string, body: string, style = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${baseStyle}${style}</style></head><body>
${body}
</body></html>
`;
}
