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

  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next_to_produce >= count || next_to_produce < consumed + window; });
        if (stop || next_to_produce >= count) return;
        i = next_to_produce++;
      }
      try {
        Result r = produce(i);
        std::lock_guard lock(mutex);
        ready[i % window].emplace(std::move(r));
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < jobs; ++t) workers.emplace_back(work);

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
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || ready[i % window].has_value(); });
        if (stop) break;
        r.emplace(std::move(*ready[i % window]));
        ready[i % window].reset();
      }
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
