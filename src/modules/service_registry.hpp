#pragma once
// Typed interfaces that modules offer each other: inside the single binary a direct object, between
// services a client that calls the owning service over HTTP. Lookups happen once, at start.
#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <unordered_map>

namespace authorworks {

class ServiceRegistry {
 public:
  template <class Interface>
  void provide(std::shared_ptr<Interface> service) {
    services_[std::type_index(typeid(Interface))] = std::move(service);
  }

  template <class Interface>
  std::shared_ptr<Interface> find() const {
    const auto it = services_.find(std::type_index(typeid(Interface)));
    if (it == services_.end()) return nullptr;
    return std::static_pointer_cast<Interface>(it->second);
  }

  template <class Interface>
  std::shared_ptr<Interface> require() const {
    auto service = find<Interface>();
    if (!service) throw std::logic_error(std::string("no module provides ") + typeid(Interface).name());
    return service;
  }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> services_;
};

}  // namespace authorworks
