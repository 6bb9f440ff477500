// Work done in parallel, used in input order as soon as possible: the results of a run are
// written and released one by one instead of being gathered until the end.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace s3policy::cli {

// Calls produce(i) for every i in [0, count) on `jobs` threads and consume(i, result) on the
// calling thread in order of i. At most `window` indices are past production but not yet
// consumed: a worker that gets that far ahead of the consumer (one slow input, a slow output)
// waits, so memory is bounded by the window, not the run. consume() returns false to stop early.
// An exception from produce() or consume() is rethrown here once the workers have stopped.
// The calling thread is one of the `jobs` producers: whenever the result it must consume next
// is not ready it produces another instead of sleeping, so `jobs` threads work on `jobs` cores
// and a result rarely has to wake anyone (with a consumer that slept and was woken for nearly
// every file, 10,000 files with --jobs 2 spent 0.2 s in the kernel instead of 0.07 s, and --jobs
// 2 was 1.45x --jobs 1 instead of 1.64x; docs/performance.md, e).
template <class Result, class Produce, class Consume>
void run_in_order(std::size_t count, unsigned jobs, std::size_t window, Produce&& produce, Consume&& consume) {
  window = std::max<std::size_t>(window, 1);
  jobs = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(1, std::min(count, window))));
  if (jobs == 1) {
    for (std::size_t i = 0; i < count; ++i)
      if (!consume(i, produce(i))) return;
    return;
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Result>> ready(window);  // index i waits in ready[i % window]
  std::size_t next_to_produce = 0, consumed = 0;     // [consumed, consumed + window) may be in flight
  bool stop = false;
  std::exception_ptr failure;

  // Takes the next index when the window has room for it (the caller holds the lock).
  auto may_take = [&] { return next_to_produce < count && next_to_produce < consumed + window; };
  // Produces index i and files its result; false when it failed (the run then stops).
  auto produce_into = [&](std::size_t i) {
    try {
      Result r = produce(i);
      std::lock_guard lock(mutex);
      ready[i % window].emplace(std::move(r));
      return true;
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
      return false;
    }
  };
  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next_to_produce >= count || may_take(); });
        if (stop || next_to_produce >= count) return;
        i = next_to_produce++;
      }
      produce_into(i);
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < jobs; ++t) workers.emplace_back(work);

  auto stop_workers = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    for (std::thread& t : workers) t.join();
  };
  try {
    for (std::size_t i = 0; i < count; ++i) {
      std::optional<Result> r;
      for (;;) {
        std::unique_lock lock(mutex);
        if (stop) break;
        if (ready[i % window].has_value()) {
          r.emplace(std::move(*ready[i % window]));
          ready[i % window].reset();
          break;
        }
        if (may_take()) {  // the next result is not ready: make one meanwhile
          const std::size_t j = next_to_produce++;
          lock.unlock();
          if (!produce_into(j)) changed.notify_all();
          continue;
        }
        changed.wait(lock, [&] { return stop || ready[i % window].has_value() || may_take(); });
      }
      if (!r) break;  // stopped: a producer failed
      const bool go_on = consume(i, std::move(*r));
      r.reset();
      {
        std::lock_guard lock(mutex);
        consumed = i + 1;
        if (!go_on) stop = true;
      }
      changed.notify_all();
      if (!go_on) break;
    }
  } catch (...) {
    stop_workers();  // threads still running when their std::thread is destroyed end the process
    throw;
  }
  stop_workers();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace s3policy::cli
