<p>A page with no frontmatter.</p>
