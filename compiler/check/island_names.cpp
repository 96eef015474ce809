// assign_island_names: the <name> of /_server-islands/<name>.
#include <algorithm>
#include <map>

#include "compiler/check/check.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {

void assign_island_names(SiteModel& model) {
  std::map<std::string, int> stems;
  for (auto& u : model.units)
    if (u->is_island) ++stems[fs::path(u->relative).stem().string()];
  for (auto& u : model.units) {
    if (!u->is_island) continue;
    std::string stem = fs::path(u->relative).stem().string();
    if (stems[stem] == 1) {
      u->island_name = stem;
    } else {
      u->island_name = u->key;  // two islands share a file name: use the path
      std::replace(u->island_name.begin(), u->island_name.end(), '/', '-');
    }
  }
}

}  // namespace isl::compiler
