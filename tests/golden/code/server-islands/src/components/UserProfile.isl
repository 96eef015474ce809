---
struct Props {
  std::string userId;
  std::vector<int> recent = {};
  std::map<std::string, int> scores = {};
};
ctx.set_header("Cache-Control", "public, max-age=60");
---
<section class="profile">User {props.userId} <slot /></section>
<style>
  .profile { padding: 1rem; }
</style>
