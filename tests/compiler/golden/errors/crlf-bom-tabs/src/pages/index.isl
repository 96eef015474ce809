<div>
	<p>日本 {#if ok}</p>
</div>
