<time>now</time>
