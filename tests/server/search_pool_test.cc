// fahras-serve's search workers (server/src/search_pool.h): a search runs
// on the requesting thread when a worker is idle, else on a pool thread in
// arrival order; a full line is refused at once, and the time limit holds
// for waiting and for running.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "document_writer.h"
#include "search_pool.h"
#include "test_util.h"

namespace {

using fahras::Searcher;
using fahras::serve::Reply;
using fahras::serve::SearchPool;
using Outcome = SearchPool::Outcome;
using namespace std::chrono_literals;

// An empty database, created as the server creates a missing one.
class Pool : public ::testing::Test {
 protected:
  void SetUp() override {
    fahras::serve::DocumentWriter w(dir_.path("db"), 0, [] {});
    w.shutdown();
  }
  std::vector<fahras::ServedDatabase> dbs() const { return {fahras::ServedDatabase{"default", dir_.path("db")}}; }
  static SearchPool::Clock::time_point in(std::chrono::milliseconds ms) { return SearchPool::Clock::now() + ms; }
  fahras::test::TempDir dir_{"pool"};
};

// Holds the pool's only worker until released.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, open = false;
  Reply hold() {
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    return Reply{200, "held"};
  }
  void wait_entered() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return entered; });
  }
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};

void wait_queued(const SearchPool& pool, std::size_t n) {
  while (pool.queued() < n) std::this_thread::sleep_for(1ms);
}

TEST_F(Pool, TheSearchRunsOnTheRequestingThread) {
  SearchPool pool(dbs(), 2, 4, 1000, {});
  std::thread::id ran;
  const auto r = pool.run(
      0,
      [&](Searcher&) {
        ran = std::this_thread::get_id();
        return Reply{200, "ok"};
      },
      in(10s));
  ASSERT_EQ(r.outcome, Outcome::kAnswered);
  EXPECT_EQ(r.reply.body, "ok");
  EXPECT_EQ(ran, std::this_thread::get_id());
}

TEST_F(Pool, WaitingRequestsAreServedInArrivalOrder) {
  SearchPool pool(dbs(), 1, 8, 1000, {});
  Gate gate;
  std::thread holder([&] {
    pool.run(
        0, [&](Searcher&) { return gate.hold(); }, in(10s));
  });
  gate.wait_entered();
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> waiting;
  for (int k = 0; k < 4; ++k) {
    waiting.emplace_back([&, k] {
      const auto r = pool.run(
          0,
          [&](Searcher&) {
            std::lock_guard lock(mu);
            order.push_back(k);
            return Reply{};
          },
          in(10s));
      EXPECT_EQ(r.outcome, Outcome::kAnswered);
    });
    wait_queued(pool, static_cast<std::size_t>(k) + 1);  // k is in line before k + 1 arrives
  }
  gate.release();
  holder.join();
  for (auto& t : waiting) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(pool.queued(), 0u);
}

TEST_F(Pool, AQueuedSearchRunsOnAPoolThreadAndWhatItThrowsReachesTheRequester) {
  SearchPool pool(dbs(), 1, 4, 1000, {});
  Gate gate;
  std::thread holder([&] {
    pool.run(
        0, [&](Searcher&) { return gate.hold(); }, in(10s));
  });
  gate.wait_entered();
  std::thread::id ran, requester;
  bool threw = false;
  std::thread queued([&] {
    requester = std::this_thread::get_id();
    try {
      pool.run(
          0,
          [&](Searcher&) -> Reply {
            ran = std::this_thread::get_id();
            throw std::runtime_error("boom");
          },
          in(10s));
    } catch (const std::runtime_error&) {
      threw = true;
    }
  });
  wait_queued(pool, 1);
  gate.release();
  holder.join();
  queued.join();
  EXPECT_TRUE(threw);
  EXPECT_NE(ran, requester);
  EXPECT_NE(ran, std::thread::id());
}

TEST_F(Pool, AFullLineIsRefusedAtOnceAndAWaitPastTheDeadlineTimesOut) {
  SearchPool pool(dbs(), 1, 1, 1000, {});
  Gate gate;
  std::thread holder([&] {
    pool.run(
        0, [&](Searcher&) { return gate.hold(); }, in(10s));
  });
  gate.wait_entered();
  std::atomic<int> waited{-1};
  std::thread in_line([&] {
    waited = static_cast<int>(pool.run(
                                      0, [](Searcher&) { return Reply{}; }, in(200ms))
                                  .outcome);
  });
  wait_queued(pool, 1);
  const auto t0 = SearchPool::Clock::now();
  EXPECT_EQ(pool.run(
                    0, [](Searcher&) { return Reply{}; }, in(10s))
                .outcome,
            Outcome::kOverloaded);
  EXPECT_LT(SearchPool::Clock::now() - t0, 1s);  // at once, not after a wait
  in_line.join();
  EXPECT_EQ(waited.load(), static_cast<int>(Outcome::kTimedOut));
  EXPECT_EQ(pool.queued(), 0u);
  gate.release();
  holder.join();
  // The worker is free again.
  EXPECT_EQ(pool.run(
                    0, [](Searcher&) { return Reply{}; }, in(10s))
                .outcome,
            Outcome::kAnswered);
}

TEST_F(Pool, ASearchEndingAfterItsDeadlineIsTimedOutAndTheWorkerGoesBack) {
  SearchPool pool(dbs(), 1, 0, 1000, {});
  const auto late = pool.run(
      0,
      [](Searcher&) {
        std::this_thread::sleep_for(50ms);
        return Reply{200, "late"};
      },
      in(5ms));
  EXPECT_EQ(late.outcome, Outcome::kTimedOut);
  EXPECT_TRUE(late.reply.body.empty());
  EXPECT_THROW(pool.run(
                   0, [](Searcher&) -> Reply { throw std::runtime_error("boom"); }, in(10s)),
               std::runtime_error);
  // With no line (queue 0), a worker not given back would refuse this one.
  EXPECT_EQ(pool.run(
                    0, [](Searcher&) { return Reply{}; }, in(10s))
                .outcome,
            Outcome::kAnswered);
}

TEST_F(Pool, ShutdownRefusesThoseWaitingAndLaterRequests) {
  SearchPool pool(dbs(), 1, 4, 1000, {});
  Gate gate;
  std::thread holder([&] {
    pool.run(
        0, [&](Searcher&) { return gate.hold(); }, in(10s));
  });
  gate.wait_entered();
  std::atomic<int> waited{-1};
  std::thread in_line([&] {
    waited = static_cast<int>(pool.run(
                                      0, [](Searcher&) { return Reply{}; }, in(10s))
                                  .outcome);
  });
  wait_queued(pool, 1);
  pool.shutdown();
  in_line.join();
  EXPECT_EQ(waited.load(), static_cast<int>(Outcome::kOverloaded));
  EXPECT_EQ(pool.run(
                    0, [](Searcher&) { return Reply{}; }, in(10s))
                .outcome,
            Outcome::kOverloaded);
  gate.release();
  holder.join();
}

}  // namespace
