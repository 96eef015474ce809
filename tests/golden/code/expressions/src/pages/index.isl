---
int count = 3;
std::optional<int> missing;
std::string name = "<Ada & Bob>";
isl::Html trusted{"<em>trusted</em>"};
bool on = true;
---
<h1 title={name} data-count={count} hidden={!on} disabled>{name}</h1>
<p>{count} items, {missing}, {"a literal <b>"}</p>
{/* a template comment, not written */}
<!-- an HTML comment, written as is -->
<p class="a" data-q='say "hi"' data-both=a"b'c>{count * 2 + 1}</p>
<div set:html={trusted}></div>
<div set:html="<i>as written</i>"></div>
<Fragment set:html={trusted} />
<Fragment><b>grouped</b> {name}</Fragment>
<br>
<input type="text" value={name}>
