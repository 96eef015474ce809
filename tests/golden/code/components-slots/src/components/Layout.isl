---
struct Props {
  std::string title;
};
---
<html>
  <head><title>{props.title}</title></head>
  <body><slot /></body>
</html>
