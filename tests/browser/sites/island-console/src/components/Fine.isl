<p class="fine">fine island</p>
