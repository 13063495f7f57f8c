// for_each_bounded runs one function over many items with at most `parallelism` running at once. It is the one
// place flexform bounds concurrency; the first exception is rethrown after every worker has stopped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace flexform {

template <typename Item, typename Function>
void for_each_bounded(std::vector<Item>& items, int parallelism, Function function) {
    const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, parallelism)), items.size());
    if (workers <= 1) {
        for (auto& item : items) {
            function(item);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&] {
            for (std::size_t i = next++; i < items.size(); i = next++) {
                try {
                    function(items[i]);
                } catch (...) {
                    std::lock_guard lock(failure_mutex);
                    if (!failure) {
                        failure = std::current_exception();
                    }
                    next = items.size();  // stop handing out work
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

}  // namespace flexform
