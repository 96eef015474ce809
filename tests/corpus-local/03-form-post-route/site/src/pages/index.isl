<!doctype html>
<html>
<body>
<h1>Form</h1>
<form method="post" action="/echo">
  <input name="who" value="Ada Lovelace & co">
  <input name="n" value="2">
  <button id="send" type="submit">Send</button>
</form>
</body>
</html>
