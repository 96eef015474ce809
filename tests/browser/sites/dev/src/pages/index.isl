<!doctype html>
<html>
<body>
<h1>Version 1</h1>
</body>
</html>
