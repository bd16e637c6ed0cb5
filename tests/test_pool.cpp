// The bounded queue in front of serve's workers: first come, first served.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/pool.hpp"

using preflight::WorkerSlots;

namespace {

void wait_until_waiting(const WorkerSlots& s, int n) {
  for (int i = 0; i < 20000 && s.waiting() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(s.waiting() == n);
}

}  // namespace

TEST_CASE("worker slots: callers get a worker in the order they came, and a full queue turns away", "[pool][serve]") {
  WorkerSlots slots(1, 4);
  REQUIRE(slots.enter());  // this thread holds the only worker
  std::mutex mu;
  std::vector<std::string> order;
  std::vector<std::thread> threads;
  for (const char* name : {"A", "B", "C"}) {
    threads.emplace_back([&, name] {
      REQUIRE(slots.enter());
      {
        std::lock_guard<std::mutex> lk(mu);
        order.push_back(name);
      }
      slots.leave();
    });
    wait_until_waiting(slots, static_cast<int>(threads.size()));
  }
  // The worker frees up and this thread asks again at once: it is behind A, B
  // and C, not before them.
  slots.leave();
  REQUIRE(slots.enter());
  order.push_back("again");
  slots.leave();
  for (auto& t : threads) t.join();
  CHECK(order == std::vector<std::string>{"A", "B", "C", "again"});
  CHECK(slots.running() == 0);
  CHECK(slots.waiting() == 0);
}

TEST_CASE("worker slots: a caller beyond the queue is turned away at once", "[pool][serve]") {
  WorkerSlots slots(1, 1);
  REQUIRE(slots.enter());
  std::thread waiter([&] {
    REQUIRE(slots.enter());
    slots.leave();
  });
  wait_until_waiting(slots, 1);
  CHECK_FALSE(slots.enter());
  slots.leave();
  waiter.join();
  CHECK(slots.running() == 0);
}
