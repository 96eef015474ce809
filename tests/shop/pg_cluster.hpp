// A throwaway PostgreSQL cluster for one test process: initdb into a temporary folder,
// started on a Unix socket in that folder only (no TCP port to collide on), stopped and
// deleted by the destructor. PostgreSQL refuses to run as root, so as root it runs as the
// `postgres` user (or `nobody`) through runuser.
#pragma once

#include <string>

namespace shop_test {

class PgCluster {
 public:
  PgCluster();  // throws std::runtime_error with initdb's or pg_ctl's output
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // A libpq conninfo string for a database of this cluster (created on first use).
  std::string url(const std::string& database = "postgres");
  void create_database(const std::string& name);
  const std::string& dir() const { return dir_; }

 private:
  std::string run_as_owner(const std::string& command) const;  // the command, as the cluster's owner

  std::string dir_;
  std::string bin_;
  std::string owner_;  // empty: this user
};

}  // namespace shop_test
