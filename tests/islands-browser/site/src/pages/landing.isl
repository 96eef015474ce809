<!doctype html>
<html>
<head><title>landing</title></head>
<body><h1>Landed</h1></body>
</html>
