---
import Button from "../components/Button.isl";
---
<html>
  <head>
    <meta charset="utf-8">
    <title>Styles</title>
  </head>
  <body>
    <h1>Title</h1>
    <Button>One</Button>
    <Button>Two</Button>
    <script is:inline>console.log("inline, where written");</script>
  </body>
</html>
<style>
  h1 { font-size: 2rem; }
</style>
<style is:global>
  body { margin: 0; }
</style>
