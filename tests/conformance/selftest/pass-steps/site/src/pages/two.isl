<!doctype html>
<html>
<body>
<p>Two</p>
</body>
</html>
