// Read replicas with Xapian's own replication, on loopback: a writable
// fahras-serve on the master database (with changesets kept), a second,
// read-only fahras-serve on a replica that xapian-replicate pulls from
// xapian-replicate-server. A document written through the master is found
// on the replica's server within a stated time (docs/serving.md).
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server_support.h"

namespace {

using fahras::test::bin;
using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::search_path;
using fahras::test::ServerProcess;
using fahras::test::shell_quote;
using fahras::test::spawn;
using fahras::test::TempDir;
using json = nlohmann::json;

constexpr const char* kReplicateServer = "/usr/bin/xapian-replicate-server";
constexpr const char* kReplicate = "/usr/bin/xapian-replicate";
// The lag the docs state: a replica pulling every second shows a write
// within a few seconds; 30 leaves room for a loaded CI machine.
constexpr int kMaxLagSeconds = 30;

// A port nothing listens on now (xapian-replicate-server cannot be given 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Child {
  pid_t pid = -1;
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

std::uint64_t hits_on(const ServerProcess& s, const std::string& q) {
  const auto r = s.client()->Get(search_path(q));
  if (!r || r->status != 200) return 0;
  const json j = json::parse(r->body, nullptr, false);
  return j.is_object() ? j["total"]["value"].get<std::uint64_t>() : 0;
}

TEST(Replication, AWriteThroughTheMasterIsFoundOnTheReplicasServer) {
  if (!std::filesystem::exists(kReplicateServer) || !std::filesystem::exists(kReplicate))
    GTEST_SKIP() << "xapian-replicate(-server) not installed (Debian package xapian-tools)";
  if (!fahras::test::have_binary("fahras-serve")) GTEST_SKIP() << "fahras-serve is not built";
  TempDir tmp("replication");
  const std::string master_dir = tmp.path("master");
  std::filesystem::create_directories(master_dir);
  const std::string master = master_dir + "/news.db";
  const std::string corpus =
      tmp.write("news.jsonl", R"({"id":"n1","title":"الطقس","text":"أمطار غزيرة على الساحل وانخفاض في درجات الحرارة."})"
                              "\n");
  ASSERT_EQ(run_command(bin("fahras-index") + " -q --db " + shell_quote(master) + " " + shell_quote(corpus)).status, 0);
  const std::string token = tmp.write("token", "replication-token-for-tests\n");
  std::filesystem::permissions(token, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // Changesets are what a replica pulls between full copies: the writer
  // keeps them only when XAPIAN_MAX_CHANGESETS is set in its environment.
  ::setenv("XAPIAN_MAX_CHANGESETS", "10", 1);
  ServerProcess writer({"--db", master, "--writable", "--token-file", token});
  ::unsetenv("XAPIAN_MAX_CHANGESETS");
  ASSERT_TRUE(writer.started()) << writer.error();

  const int port = free_port();
  ASSERT_GT(port, 0);
  Child rserver;
  // Own process group: on SIGTERM xapian-replicate-server signals its group.
  rserver.pid = spawn({kReplicateServer, "-I", "127.0.0.1", "-p", std::to_string(port), master_dir}, "",
                      tmp.path("rserver.out"), tmp.path("rserver.err"), true);
  const std::string replica = tmp.path("replica.db");
  // The first copy, once (-o), retried while the replication server starts.
  bool copied = false;
  for (int i = 0; i < 100 && !copied; ++i) {
    copied = run_command(std::string(kReplicate) + " -h 127.0.0.1 -p " + std::to_string(port) + " -m news.db -o " +
                         shell_quote(replica))
                     .status == 0 &&
             std::filesystem::exists(replica + "/XAPIANDB");
    if (!copied) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(copied) << read_file(tmp.path("rserver.err"));

  ServerProcess reader({"--db", replica, "--reopen-interval", "200"});
  ASSERT_TRUE(reader.started()) << reader.error();
  EXPECT_EQ(hits_on(reader, "أمطار"), 1u);
  EXPECT_EQ(hits_on(reader, "الزعفران"), 0u);
  Child puller;  // every second from now on
  puller.pid =
      spawn({kReplicate, "-h", "127.0.0.1", "-p", std::to_string(port), "-m", "news.db", "-i", "1", "-r", "0", replica},
            "", tmp.path("pull.out"), tmp.path("pull.err"), true);

  const httplib::Headers auth{{"Authorization", "Bearer replication-token-for-tests"}};
  const auto w = writer.client()->Post("/documents", auth,
                                       R"({"id":"n2","title":"الأسواق","text":"ارتفعت أسعار الزعفران في الأسواق."})"
                                       "\n",
                                       "application/x-ndjson");
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 200) << w->body;
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t found = 0;
  while (found == 0 && std::chrono::steady_clock::now() - start < std::chrono::seconds(kMaxLagSeconds)) {
    found = hits_on(reader, "الزعفران");
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double lag = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(found, 1u) << "not on the replica after " << kMaxLagSeconds
                       << " s; xapian-replicate said: " << read_file(tmp.path("pull.err"));
  std::cout << "replication lag: " << lag << " s\n";
  EXPECT_EQ(hits_on(reader, "أمطار"), 1u);  // the first document is still there
  // The replica is read-only: its server refuses writes.
  const auto refused = reader.client()->Post("/documents", auth, R"({"id":"x","text":"نص"})", "application/x-ndjson");
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->status, 200);
  EXPECT_EQ(writer.stop(), 0) << writer.error();
  EXPECT_EQ(reader.stop(), 0) << reader.error();
}

}  // namespace
