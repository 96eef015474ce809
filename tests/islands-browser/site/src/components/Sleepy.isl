---
#include <chrono>
#include <thread>
std::this_thread::sleep_for(std::chrono::milliseconds(1500));
---
<p>awake</p>
