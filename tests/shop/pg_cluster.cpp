#include "pg_cluster.hpp"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>

namespace shop_test {
namespace {

// Runs a shell command; returns its output (stdout and stderr) or throws with it.
std::string sh(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + command);
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  int rc = pclose(p);
  if (rc != 0) throw std::runtime_error("failed (" + std::to_string(rc) + "): " + command + "\n" + out);
  return out;
}

std::string pg_bin_dir() {
  if (const char* env = std::getenv("ISL_PG_BIN"); env && *env) return env;
  std::string newest;
  if (std::filesystem::exists("/usr/lib/postgresql"))
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql"))
      if (std::filesystem::exists(e.path() / "bin" / "initdb") && e.path().string() > newest) newest = e.path();
  if (newest.empty())
    throw std::runtime_error("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (set ISL_PG_BIN; "
                             "scripts/install-deps.sh --test installs postgresql)");
  return newest + "/bin";
}

}  // namespace

PgCluster::PgCluster() : bin_(pg_bin_dir()) {
  char tmpl[] = "/tmp/isl-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (geteuid() == 0) {
    owner_ = getpwnam("postgres") ? "postgres" : "nobody";
    sh("chown " + owner_ + " " + dir_);
  }
  // initdb takes seconds (13 s on a busy 2-core machine) and every test is its own process:
  // one initdb per machine into a template, then a copy per cluster.
  const std::string tmpl_dir = "/tmp/isl-pg-template-" + std::to_string(std::hash<std::string>{}(bin_ + owner_));
  if (!std::filesystem::exists(tmpl_dir + "/PG_VERSION")) {
    const std::string fresh = dir_ + "/template";
    run_as_owner(bin_ + "/initdb -D " + fresh + " -A trust -U shop -E UTF8 --locale=C --no-sync");
    std::error_code ec;
    std::filesystem::rename(fresh, tmpl_dir, ec);  // another process may have won the race: fine
  }
  sh("cp -a " + tmpl_dir + " " + dir_ + "/data");
  run_as_owner(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -t 60 -o \"-k " + dir_ +
               " -c listen_addresses='' -p 5432 -c fsync=off -c full_page_writes=off\" start");
}

PgCluster::~PgCluster() {
  try {
    run_as_owner(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop");
  } catch (...) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PgCluster::url(const std::string& database) {
  return "host=" + dir_ + " port=5432 user=shop dbname=" + database + " connect_timeout=5";
}

void PgCluster::create_database(const std::string& name) {
  run_as_owner(bin_ + "/createdb -h " + dir_ + " -p 5432 -U shop " + name);
}

std::string PgCluster::run_as_owner(const std::string& command) const {
  return sh(owner_.empty() ? command : "runuser -u " + owner_ + " -- " + command);
}

}  // namespace shop_test
