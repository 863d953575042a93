import { CHUNK_SIZE, ROW_HEIGHT_PX } from './page-contract.js';

/** The report's stylesheet: light and dark by `prefers-color-scheme`, and a print sheet. */
export const PAGE_STYLE = `
:root{color-scheme:light dark;
--bg:#f5f6f8;--surface:#fff;--surface-2:#f0f2f5;--text:#1c2128;--muted:#57606a;--border:#d5dae1;--link:#0b5cc4;--code-bg:#eef1f4;
--pass:#116329;--pass-bg:#dcf5e3;--fail:#b3261e;--fail-bg:#fde4e2;--inc:#7a4b00;--inc-bg:#fdf0cf;--waive:#6b3fc0;--waive-bg:#ece4fb;--skip:#57606a;--skip-bg:#eaeef2;
--ready:#116329;--ready-bg:#e6f6ea;--not:#b3261e;--not-bg:#fdecea;--accent:#3b2fc9;
--shadow:0 1px 2px rgba(20,30,50,.06),0 1px 8px rgba(20,30,50,.04);
--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{
--bg:#0e1116;--surface:#161b22;--surface-2:#1c222b;--text:#e6edf3;--muted:#9aa5b1;--border:#30363d;--link:#6cb1ff;--code-bg:#222a33;
--pass:#56d364;--pass-bg:#12301c;--fail:#ff8a80;--fail-bg:#3d1715;--inc:#e3b341;--inc-bg:#36290a;--waive:#c4a5ff;--waive-bg:#2a1f45;--skip:#a8b3be;--skip-bg:#262d36;
--ready:#56d364;--ready-bg:#11291a;--not:#ff8a80;--not-bg:#331614;--accent:#a99cff;
--shadow:0 1px 2px rgba(0,0,0,.4)}}
*{box-sizing:border-box}
[hidden]:not([hidden=until-found]){display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 var(--sans)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,summary:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:4px}
code,pre{font-family:var(--mono);font-size:.86em}
code{background:var(--code-bg);padding:.05em .35em;border-radius:4px}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
.break{overflow-wrap:anywhere}
.muted,small{color:var(--muted)}
small{font-size:.88em}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:var(--surface);padding:.5rem 1rem;z-index:9}
.skip:focus{left:1rem}
.js-only{display:none}
.js .js-only{display:revert}
.top{background:var(--surface);border-bottom:1px solid var(--border)}
.top-in,.wrap{max-width:1180px;margin:0 auto;padding:0 1.5rem}
.top-in{display:flex;align-items:center;gap:1rem;min-height:3.5rem;flex-wrap:wrap}
.brand{display:flex;align-items:center;gap:.6rem;font-weight:650;letter-spacing:-.01em}
.logo{width:26px;height:26px;border-radius:7px;background:linear-gradient(135deg,#4f46e5,#0ea5e9);display:grid;place-items:center;color:#fff;font:700 12px/1 var(--mono)}
.top h1{font-size:1rem;margin:0;font-weight:600}
.top .src{margin-left:auto;color:var(--muted);font-size:.85rem}
nav.toc{position:sticky;top:0;z-index:5;background:color-mix(in srgb,var(--bg) 88%,transparent);backdrop-filter:blur(6px);border-bottom:1px solid var(--border)}
nav.toc ul{list-style:none;margin:0 auto;max-width:1180px;padding:.4rem 1.5rem;display:flex;gap:.25rem 1.1rem;flex-wrap:wrap;font-size:.88rem}
nav.toc a{text-decoration:none;color:var(--muted)}
nav.toc a:hover{color:var(--text);text-decoration:underline}
main.wrap{padding-top:1rem;padding-bottom:3rem}
html{scroll-padding-top:calc(var(--sticky,2.6rem) + .75rem)}
#verdict{margin-bottom:1.25rem}
main>section{margin-bottom:2.25rem}
h2{font-size:1.3rem;letter-spacing:-.01em;margin:0 0 .6rem}
h3{font-size:1.05rem;margin:0}
.lead{color:var(--muted);margin:-.4rem 0 .8rem;font-size:.92rem}
.verdict{background:var(--surface);border:1px solid var(--border);border-left:6px solid var(--not);border-radius:12px;padding:1rem 1.4rem;box-shadow:var(--shadow)}
.verdict.v-ready{border-left-color:var(--ready)}
.verdict-top{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 2rem}
.verdict-word{font-size:2.1rem;line-height:1.1;margin:.1rem 0 0;font-weight:750;letter-spacing:-.02em;color:var(--not)}
.v-ready .verdict-word{color:var(--ready)}
.partial{margin:.6rem 0 0;max-width:32rem;padding:.45rem .7rem;border-radius:8px;background:var(--inc-bg);color:var(--inc)}
.verdict-meta{flex:1 1 32rem;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0;font-size:.9rem}
.verdict-meta>div{display:flex;gap:.45rem;align-items:baseline}
.verdict-meta dt{font-size:.7rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600}
.verdict-meta dd{margin:0;font-weight:550}
.env{display:inline-block;padding:.05rem .55rem;border-radius:999px;font-size:.85rem;font-weight:650;border:1px solid currentColor}
.env-live{color:var(--not)}
.env-sandbox{color:var(--link)}
.verdict-why{margin:.5rem 0 0;color:var(--muted)}
.run-reasons{margin:.3rem 0 0;padding-left:1.2rem}
.run-reasons a{color:var(--text)}
.reasons{margin:0;padding:.9rem 1.2rem .9rem 2.5rem;border-radius:10px;background:var(--not-bg);border:1px solid var(--border)}
.reasons li{margin:.25rem 0}
.reasons a{color:var(--text);font-weight:500}
.reasons a.fix,.fix{color:var(--link);font-weight:600;font-size:.85rem;white-space:nowrap}
.fix::after{content:" →"/""}
.code{font-size:.72rem;color:var(--muted)}
.grid{width:100%;border-collapse:collapse;background:var(--surface);border:1px solid var(--border);border-radius:10px;overflow:hidden;box-shadow:var(--shadow);font-size:.92rem}
.grid caption{text-align:left;font-weight:600;padding:0 0 .45rem;color:var(--text);caption-side:top}
.grid th,.grid td{padding:.55rem .75rem;text-align:left;vertical-align:top;border-top:1px solid var(--border)}
.grid thead th{background:var(--surface-2);font-size:.76rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border-top:0}
.grid tbody th{font-weight:600}
.grid .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.grid.kv tbody th{width:13rem;color:var(--muted);font-weight:550}
.checklist td.counts{min-width:7rem;white-space:nowrap;font-size:.8rem;color:var(--muted)}
.checklist th,.checklist td{padding:.35rem .6rem}
.checklist .c-area{width:38%}
.checklist .c-ev{width:39%}
.checklist .cl{display:block;font-weight:400;font-size:.8rem;color:var(--muted);line-height:1.35}
.chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .35rem}
.chip{white-space:nowrap;flex-wrap:wrap;display:inline-flex;align-items:baseline;gap:.3rem;font:.76rem/1.5 var(--mono);padding:.02rem .45rem;border-radius:6px;border:1px solid var(--border);background:var(--surface-2)}
.chip::before{font-family:var(--sans);font-weight:700}
.c-supported{color:var(--pass)}.c-supported::before{content:"✓"/""}
.c-missing{color:var(--fail);border-color:currentColor;background:var(--fail-bg)}.c-missing::before{content:"✕"/""}
.c-waived{color:var(--waive)}.c-waived::before{content:"⚑"/""}
.c-note{color:var(--inc);font-family:var(--sans)}.c-note::before{content:"◌"/""}
.chip a{color:inherit;text-decoration-thickness:1px;text-underline-offset:2px}
.chip a::after{content:" →"/"";font-family:var(--sans)}
.checklist tbody th a{color:var(--text);text-decoration:none}
.checklist tbody th a:hover{text-decoration:underline}
.bar{display:block;width:100%;height:6px;margin-top:.35rem;border-radius:3px;overflow:hidden}
.b-passed{fill:var(--pass)}.b-failed{fill:var(--fail)}.b-skipped,.b-todo{fill:var(--inc)}.b-none{fill:var(--border)}
.b{display:inline-flex;align-items:center;gap:.3em;padding:.06rem .55rem;border-radius:999px;font-size:.8rem;font-weight:600;white-space:nowrap;line-height:1.45;vertical-align:1px}
.b::before{content:"•"/"";font-size:.9em}
.s-passed{color:var(--pass);background:var(--pass-bg)}.s-passed::before{content:"✓"/""}
.s-failed{color:var(--fail);background:var(--fail-bg)}.s-failed::before{content:"✕"/""}
.s-incomplete{color:var(--inc);background:var(--inc-bg)}.s-incomplete::before{content:"◌"/""}
.s-waived{color:var(--waive);background:var(--waive-bg)}.s-waived::before{content:"⚑"/""}
.s-skipped,.s-todo{color:var(--skip);background:var(--skip-bg)}.s-skipped::before{content:"↷"/""}.s-todo::before{content:"✎"/""}
.grid+.grid,.grid+.cmd{margin-top:1.5rem}
.nowrap{white-space:nowrap}
.note{color:var(--muted);font-size:.9rem}
.two{display:grid;grid-template-columns:1fr;gap:1.5rem}
.side{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1.25rem}
.card{background:var(--surface);border:1px solid var(--border);border-radius:10px;padding:1rem 1.2rem;box-shadow:var(--shadow)}
.card h3{margin-bottom:.7rem}
.card .grid{box-shadow:none}
.facts{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;font-size:.9rem}
.facts>div{display:contents}
.facts dt{color:var(--muted);font-weight:550}
.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
.facts.nested{padding-left:.6rem;border-left:2px solid var(--border)}
.fl{margin:0;padding-left:1.1rem}
.problem{color:var(--fail)}
.toolbar{display:none;gap:.75rem 1rem;align-items:end;flex-wrap:wrap;background:var(--surface);border:1px solid var(--border);border-radius:10px;padding:.8rem 1rem;margin-bottom:1.2rem;box-shadow:var(--shadow)}
.js .toolbar{display:flex}
.toolbar label{display:flex;flex-direction:column;gap:.2rem;font-size:.78rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.toolbar input,.toolbar select{font:inherit;font-size:.92rem;font-weight:400;color:var(--text);background:var(--bg);border:1px solid var(--border);border-radius:7px;padding:.4rem .6rem;text-transform:none;letter-spacing:0}
.toolbar label:first-child{flex:1 1 14rem}
.toolbar input{width:100%}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
.count{font-size:.88rem;color:var(--muted);margin:-.6rem 0 1rem}
.btn{font:inherit;font-size:.85rem;font-weight:600;color:var(--text);background:var(--surface-2);border:1px solid var(--border);border-radius:7px;padding:.38rem .75rem;cursor:pointer}
.btn:hover{border-color:var(--muted)}
/* Sections below the first screen are laid out only when they come near it, so the page is not laid out while it loads. */
#readiness,#sandbox,#waivers,#untagged,#run,#signature,.area{content-visibility:auto;contain-intrinsic-size:auto 480px}
.area{background:var(--surface);border:1px solid var(--border);border-radius:12px;padding:1.1rem 1.3rem;margin-bottom:1rem;box-shadow:var(--shadow)}
.area-h{display:flex;align-items:center;gap:.8rem;justify-content:space-between}
.idx{display:inline-grid;place-items:center;width:1.6rem;height:1.6rem;border-radius:6px;background:var(--surface-2);color:var(--muted);font-size:.8rem;margin-right:.35rem;vertical-align:1px}
.area-checklist{margin:.45rem 0 .2rem;font-weight:500}
.area-meta{margin:0 0 .8rem;font-size:.86rem;color:var(--muted);display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.area-counts{white-space:nowrap;font-weight:600}
.profile{margin:0 0 .9rem;padding:.7rem .9rem;border-radius:8px;background:var(--surface-2);display:grid;gap:.45rem;font-size:.9rem}
.profile p,.profile ul{margin:0}
.pl{list-style:none;padding:0;display:grid;gap:.35rem}
.pi .by{color:var(--muted)}
.pi .by a:not(.fix){color:var(--text)}
.contra ul{padding-left:1.2rem}
.contra li{color:var(--fail)}
.contra a{color:var(--text)}
.unsup a{color:var(--text)}
.sup{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.74rem;font-weight:600;line-height:1.5;border:1px solid currentColor;white-space:nowrap}
.sup-supports{color:var(--pass)}
.sup-unsupported{color:var(--inc)}
.sup-contradicts{color:var(--fail);background:var(--fail-bg)}
.mk{display:inline-block;padding:0 .4rem;border-radius:4px;font:600 .72rem/1.5 var(--mono);color:var(--waive);background:var(--waive-bg);white-space:nowrap}
.notes{margin-top:.9rem;padding:.5rem .8rem .5rem 1.8rem;border-radius:6px;background:var(--inc-bg);color:var(--text);font-size:.88rem}
.nojs-only{margin:.6rem 0 0;font-size:.88rem}
.js .nojs-only{display:none}
.empty{margin:0;padding:.8rem 1rem;border-radius:8px;background:var(--inc-bg);color:var(--inc)}
.no-match{margin:0;color:var(--muted);font-style:italic}
.nojs{margin:0 0 1rem;padding:.8rem 1rem;border-radius:8px;background:var(--inc-bg);color:var(--inc)}
.tests{border:1px solid var(--border);border-radius:9px;overflow:hidden}
.js .chunk{content-visibility:auto;contain-intrinsic-size:auto ${CHUNK_SIZE * ROW_HEIGHT_PX}px}
.chunk+.chunk,.t{border-top:1px solid var(--border)}
.t:first-child{border-top:0}
.t>summary,.ts{display:flex;align-items:baseline;gap:.55rem;padding:.55rem .8rem;cursor:pointer;list-style:none;flex-wrap:wrap}
.ts{width:100%;margin:0;border:0;border-radius:0;background:none;color:inherit;font:inherit;text-align:left}
.t>summary::-webkit-details-marker{display:none}
.t>summary::before,.ts::before{content:"▸";color:var(--muted);font-size:.8rem;width:.7rem;flex:none}
.t[open]>summary::before,.open>.ts::before{content:"▾"}
.t>summary>.b:first-child,.ts>.b:first-child{min-width:5.4rem;justify-content:center}
.fo-t{margin-top:.7rem;font-size:.8rem;padding:.2rem .6rem}
.fo-t[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:var(--surface)}
.fo .el>li.y,.fo .ev-ok{display:none}
.t>summary:hover,.ts:hover{background:var(--surface-2)}
.t[open]>summary,.open>.ts{background:var(--surface-2);border-bottom:1px solid var(--border)}
.tn{font-weight:550;overflow-wrap:anywhere;flex:1 1 18rem}
.tm{color:var(--muted);font:.76rem/1.5 var(--mono);white-space:nowrap}
.t[open],.t.open{padding-bottom:1rem}
details.t>:not(summary),.tb>*{margin:.9rem 1rem 0 2.1rem}
.failure{background:var(--fail-bg);color:var(--text);border-left:4px solid var(--fail);padding:.7rem .9rem;border-radius:6px;max-height:28rem;overflow:auto}
.waiver{background:var(--waive-bg);border-left:4px solid var(--waive);padding:.6rem .9rem;border-radius:6px}
.waiver-h{margin:0 0 .35rem;font-weight:650;color:var(--waive)}
.ev{border:1px solid var(--border);border-left:4px solid var(--pass);border-radius:8px;padding:.7rem .9rem;display:grid;gap:.55rem}
.ev-bad{border-left-color:var(--fail)}
.ev p{margin:0}
.ev-h{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}
.m{font-weight:650;font-size:.9rem}
.eg{font-size:.74rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:650;margin-bottom:-.25rem!important}
.el{list-style:none;margin:0;padding:0;display:grid;gap:.45rem;font-size:.9rem}
.el>li{position:relative;padding-left:1.5rem}
.el>li::before{position:absolute;left:0;top:.15rem;width:1.05rem;height:1.05rem;border-radius:50%;display:grid;place-items:center;font-size:.7rem;font-weight:700}
.el>li.y::before{content:"✓"/"held: ";color:var(--pass);background:var(--pass-bg)}
.el>li.n::before{content:"✕"/"did not hold: ";color:var(--fail);background:var(--fail-bg)}
.el>li:not(.y):not(.n)::before{content:"•"/"";color:var(--muted)}
.io{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:.5rem;margin-top:.35rem}
.io pre{background:var(--code-bg);padding:.5rem .7rem;border-radius:6px;max-height:22rem;overflow:auto;font-size:.8rem}
.io pre::before{display:block;font:650 .68rem/1.6 var(--sans);text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.io .req::before{content:"Request"}
.io .res::before{content:"Response"}
.err{color:var(--fail);font-size:.85rem}
.cmd{margin-top:1rem;background:var(--surface);border:1px solid var(--border);border-radius:10px;padding:.9rem 1.1rem;box-shadow:var(--shadow)}
.cmd p{margin:0 0 .5rem;font-weight:600}
.cmd pre{background:var(--code-bg);padding:.7rem .9rem;border-radius:7px;margin-bottom:.6rem;font-size:.95rem}
footer{border-top:1px solid var(--border);color:var(--muted);font-size:.85rem;padding:1.2rem 0 2rem}
@media (max-width:700px){.wrap,.top-in{padding:0 .9rem}.verdict{padding:1rem}.verdict-word{font-size:1.9rem}details.t>:not(summary),.tb>*{margin-left:.9rem}.grid.kv tbody th{width:auto}}
@media print{
:root{--bg:#fff;--surface:#fff;--surface-2:#f3f3f3;--text:#000;--muted:#444;--border:#bbb;--code-bg:#f3f3f3;--link:#000;--shadow:none}
body{font-size:10.5pt;background:#fff;color:#000}
nav.toc,.toolbar,.btn,.skip,.t>summary::before,.ts::before,.fix{display:none!important}
.top{border-bottom:2px solid #000}
.js .chunk,main>section,.area{content-visibility:visible;min-height:0!important}
.area,.card,.verdict,.grid,.cmd{box-shadow:none}
.verdict{border:2px solid #000;border-left-width:8px}
.area{break-inside:auto;border:1px solid #999}
.area-h,.t>summary,.ts,tr,.ev-h{break-inside:avoid}
h2,h3{break-after:avoid}
.failure,.io pre{max-height:none;overflow:visible}
a{text-decoration:none;color:#000}
.badge{border:1px solid currentColor}
}
`;
