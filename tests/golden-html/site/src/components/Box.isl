---
struct Props {
  std::string title;
  std::optional<std::string> note;
  bool open = false;
};
---
<section class="box" data-open={props.open}>
  <h2 title={props.note}>{props.title}</h2>
  <div class="body"><slot>(empty box)</slot></div>
  {#if ctx.has_slot("footer")}<footer><slot name="footer" /></footer>{/if}
</section>
<script>console.log("box script, once per page")</script>
<style>
  .box { border: 1px solid; }
  h2 { margin: 0; }
</style>
