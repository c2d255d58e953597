#pragma once
// An interface another module provides, found on first use: that module's own implementation when
// it runs in this process, else the one `remote` makes, which calls its service over HTTP. Found
// on first use, once every module has started, since modules need not start after the ones they
// call. The registry must outlive the first use.
#include <functional>
#include <memory>
#include <mutex>

#include "modules/service_registry.hpp"

namespace authorworks {

template <class Interface>
class ResolvedOnFirstUse {
 public:
  using MakeRemote = std::function<std::shared_ptr<Interface>()>;

  ResolvedOnFirstUse(const ServiceRegistry& services, MakeRemote remote)
      : services_(&services), remote_(std::move(remote)) {}

  Interface& get() {
    std::call_once(resolved_, [this] {
      implementation_ = services_->find<Interface>();
      if (!implementation_) implementation_ = remote_();
      services_ = nullptr;  // never looked at again
      remote_ = nullptr;
    });
    return *implementation_;
  }

 private:
  const ServiceRegistry* services_;
  MakeRemote remote_;
  std::once_flag resolved_;
  std::shared_ptr<Interface> implementation_;
};

}  // namespace authorworks
