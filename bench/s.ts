import { sizeRows } from "./sizes.ts";
for (const r of sizeRows()) console.log(r.corpus, r.files, r.source, (r.png / r.gzip9).toFixed(3));
