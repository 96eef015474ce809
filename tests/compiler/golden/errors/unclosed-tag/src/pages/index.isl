<main>
  <section>
    <p>text
  </section>
</main>
