#!/bin/sh
# make.sh rebuilds the committed fixtures from the repository's documents.
# Tests need none of these tools; run it only to change the fixtures.
#
# Made with Debian 12 packages:
#   apt-get install -y --no-install-recommends pandoc libreoffice-writer-nogui fonts-noto-cjk poppler-utils qpdf
#   pandoc 2.17.1.1, LibreOffice 7.4.7, poppler 22.12.0, qpdf 11.3.0
set -eu
cd "$(dirname "$0")"
DOCS=${DOCS:-../../../testdata/documents}
GEN="go run ./gen"
mkdir -p src docx pdf html bad

# 1. Markdown sources: the documents cut to a few pages, with the repository
#    wrappers (front matter, <meta>, <!-- INFO END -->) taken off. Every other
#    format is made from these, and the tests compare paragraph texts with them.
sed '/<!-- INFO END -->/d' "$DOCS/zh/外商投资法(2019-03-15).md" > src/zh_waishang.md
# Shanghai notice: front matter and source blockquote dropped; a small table
# added at the end (the corpus has none) so every format carries one.
awk 'NR==1 && /^---$/ {fm=1; next} fm && /^---$/ {fm=0; next} fm || /^>/ {next} {print}' \
	"$DOCS/zh/上海市人民政府办公厅关于印发《本市系统化全域推进海绵城市建设的实施意见》的通知.md" | cat -s > src/zh_haimian.md
cat >> src/zh_haimian.md <<'TABLE'


附表：重点任务分工（测试用，非原文）

| 任务 | 牵头单位 | 完成时限 |
| --- | --- | --- |
| 编制片区系统方案 | 市水务局 | 2024年底 |
| 建设运维管理平台 | 市住房城乡建设管理委 | 2025年底 |
TABLE
# Geneva 1927: the English half only; "###Article" gets the space Markdown
# needs; the *emphasis* stars are dropped.
sed -n '5,75p' "$DOCS/en/geneva_convention_execution_foreign_arbitral_awards_1927_BWBV0006244.md" |
	sed -e 's/^\(#\{1,6\}\)\([^# ]\)/\1 \2/' -e 's/\*//g' -e 's/ *$//' > src/en_geneva.md
# Water Code: title to Article 7¹; Глава → ##, Статья → ###, one paragraph per line.
sed -n '3,119p' "$DOCS/ru/vodny_kodeks_rf_2006_pravo-102107048.txt" |
	awk '/^[ \t]*$/ {next} /^Глава / {print "## " $0; print ""; next} /^Статья / {print "### " $0; print ""; next} {print; print ""}' > src/ru_vodny.md

# 2. DOCX by pandoc (GitHub Markdown: no smart quotes, pipe tables), then a page
#    header and footer so the PDFs have furniture to remove.
for f in zh_waishang:外商投资法:dash zh_haimian:上海市人民政府办公厅文件:zh en_geneva:League_of_Nations_Treaty_Series:en ru_vodny:Водный_кодекс_Российской_Федерации:plain; do
	name=${f%%:*}; rest=${f#*:}; hdr=$(echo "${rest%%:*}" | tr _ ' '); ftr=${rest#*:}
	pandoc -f gfm -t docx -o "/tmp/$name.docx" "src/$name.md"
	$GEN hf "$hdr" "$ftr" "/tmp/$name.docx" "docx/$name.docx"
done
# A DOCX whose 第X章/第X条/（X） numbers exist only in numbering.xml.
$GEN numbered docx/zh_numbered.docx

# 3. PDF by LibreOffice from the DOCX (Noto CJK for Chinese and Cyrillic).
soffice --headless --convert-to pdf --outdir pdf docx/*.docx >/dev/null
# The 外商投资法 again in the layout of government PDFs (no space between
# paragraphs, first-line indents, justified, "- N -" footers, no header).
pandoc -f gfm -t docx -o /tmp/zh_waishang.docx src/zh_waishang.md
$GEN gov /tmp/zh_waishang.docx /tmp/zh_waishang_gov0.docx
$GEN hf "" dash /tmp/zh_waishang_gov0.docx /tmp/zh_waishang_gov.docx
soffice --headless --convert-to pdf --outdir pdf /tmp/zh_waishang_gov.docx >/dev/null
# The Geneva convention in the same layout: justified English, indents, no
# space between paragraphs, "Page N of M" footers.
pandoc -f gfm -t docx -o /tmp/en_geneva.docx src/en_geneva.md
$GEN gov /tmp/en_geneva.docx /tmp/en_geneva_justified0.docx
$GEN hf "" en /tmp/en_geneva_justified0.docx /tmp/en_geneva_justified.docx
soffice --headless --convert-to pdf --outdir pdf /tmp/en_geneva_justified.docx >/dev/null
# The Water Code in two columns (reading order: left column, then right).
$GEN cols docx/ru_vodny.docx /tmp/ru_vodny_columns.docx
soffice --headless --convert-to pdf --outdir pdf /tmp/ru_vodny_columns.docx >/dev/null

# 4. HTML: pandoc's fragment wrapped in the furniture of real government and
#    document-sharing sites: navigation, breadcrumbs, share buttons, scripts,
#    a font-size/print bar, related links, a footer, a "预览已结束" trailer.
page() { # page TITLE LANG CHARSET FRAGMENT-FILE FLAVOUR
	cat <<HEAD
<!DOCTYPE html>
<html lang="$2"><head>
<meta http-equiv="Content-Type" content="text/html; charset=$3">
<title>$1</title>
<meta property="og:title" content="$1">
<link rel="stylesheet" href="/css/main.css">
<script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?x";})();</script>
</head><body>
<div class="top-bar"><a href="/">首页</a> | <a href="/en/">English</a> | <a href="/login">登录</a> | <a href="/register">注册</a></div>
<header class="site-header"><div class="logo"><img src="/img/logo.png" alt="logo"></div>
<nav class="main-nav"><ul><li><a href="/news/">新闻动态</a></li><li><a href="/policy/">政策文件</a></li><li><a href="/service/">政务服务</a></li><li><a href="/data/">数据开放</a></li><li><a href="/interact/">互动交流</a></li><li><a href="/about/">机构概况</a></li></ul></nav>
<form class="search" action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/policy/">政策文件</a> &gt; <a href="/policy/law/">法律法规</a></div>
<div class="container"><aside class="sidebar"><h3>相关链接</h3><ul><li><a href="/a1">国务院关于进一步优化外商投资环境的意见</a></li><li><a href="/a2">关于做好2024年稳外资工作的通知</a></li><li><a href="/a3">政策解读：图解说明</a></li><li><a href="/a4">常见问题解答</a></li></ul></aside>
<main class="content"><article class="article">
<div class="info">发布时间：2024-02-05 来源：本站 浏览次数：1024 【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="javascript:window.print()">打印本页</a></div>
HEAD
	cat "$4"
	cat <<TAIL
<div class="share">分享到：<a class="weixin" href="#">微信</a> <a class="weibo" href="#">微博</a> <a class="qzone" href="#">QQ空间</a></div>
TAIL
	if [ "$5" = trailer ]; then
		echo '<div class="preview-end"><p>预览已结束，完整报告链接和二维码如下：</p><p>https://www.example.com/doc/8812.html</p><p>下载文档到电脑，查找使用更方便</p></div>'
	fi
	cat <<TAIL
<div class="pager"><a href="/prev">上一篇：关于印发《2024年政务公开工作要点》的通知</a> <a href="/next">下一篇：关于开展营商环境评估的通知</a></div>
</article></main></div>
<footer><div class="links"><a href="/sitemap">网站地图</a> | <a href="/contact">联系我们</a> | <a href="/privacy">隐私声明</a></div>
<p>主办单位：某某人民政府办公厅 版权所有 ICP备12345678号-1 公网安备 31010102002533号</p><p>建议使用1920×1080分辨率浏览</p></footer>
<script>document.querySelectorAll('.share a').forEach(function(a){a.onclick=function(){return false}});</script>
</body></html>
TAIL
}
for f in zh_waishang zh_haimian en_geneva ru_vodny; do
	pandoc -f gfm -t html -o "/tmp/$f.frag.html" "src/$f.md"
done
page "中华人民共和国外商投资法_原创力文档" zh-CN gb2312 /tmp/zh_waishang.frag.html trailer | iconv -f UTF-8 -t GBK > html/zh_waishang.gbk.html
page "上海市人民政府办公厅关于印发《本市系统化全域推进海绵城市建设的实施意见》的通知_市府办发文_上海市人民政府" zh-CN utf-8 /tmp/zh_haimian.frag.html plain > html/zh_haimian.html
page "Convention on the Execution of Foreign Arbitral Awards (1927) - Treaty Database" en utf-8 /tmp/en_geneva.frag.html plain > html/en_geneva.html
page "Водный кодекс Российской Федерации - Официальный интернет-портал правовой информации" ru utf-8 /tmp/ru_vodny.frag.html plain > html/ru_vodny.html

# 5. Bad input.
cat > bad/login.html <<'LOGIN'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>统一身份认证平台</title></head><body>
<header><nav><a href="/">首页</a> <a href="/help">帮助</a></nav></header>
<div class="login-box"><h2>用户登录</h2><form action="/login" method="post">
<label>用户名</label><input name="username" type="text"><label>密码</label><input name="password" type="password">
<input type="checkbox" name="remember"> 记住我 <button type="submit">登录</button> <a href="/forgot">忘记密码？</a></form></div>
<footer>版权所有 © 某某市大数据中心</footer></body></html>
LOGIN
# Encrypted with an owner password only (no password to open): must convert.
qpdf --encrypt "" owner 256 -- pdf/en_geneva.pdf pdf/en_geneva_owner_password.pdf
# Encrypted: a user password is needed to open it.
qpdf --encrypt secret owner 256 -- pdf/en_geneva.pdf bad/encrypted.pdf
# Scanned: page 1 of the Chinese PDF rendered to grey pixels, no text layer.
pdftoppm -gray -r 40 -f 1 -l 1 pdf/zh_waishang.pdf /tmp/scan
pnm=$(ls /tmp/scan*.pgm | head -1)
$GEN scan "$pnm" bad/scanned.pdf
# Corrupt: a DOCX cut in half.
head -c 6000 docx/en_geneva.docx > bad/truncated.docx
