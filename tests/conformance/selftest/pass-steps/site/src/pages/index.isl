<!doctype html>
<html>
<head>
<link rel="preload" href="/_server-islands/Nope?p=a" as="fetch" crossorigin="anonymous">
<link rel="stylesheet" href="/selftest.css">
<script src="/selftest.js" defer></script>
</head>
<body>
<h1>Selftest</h1>
<p>count: <span id="n">0</span> <button id="inc">Add</button></p>
<p>width: <span id="w">?</span></p>
<div class="spacer">spacer</div>
<p id="far">far: <span id="seen">unseen</span></p>
<a id="next" href="/two">next</a>
</body>
</html>
