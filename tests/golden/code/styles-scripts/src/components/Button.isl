<button class="btn"><slot /></button>
<style>
  .btn { color: red; }
  button:hover { color: blue; }
</style>
<script>
  document.querySelectorAll(".btn").forEach((b) => b.addEventListener("click", () => {}));
</script>
