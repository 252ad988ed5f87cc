# -*- encoding: utf-8 -*-
# stub: stubonly 0.1.0 ruby lib

Gem::Specification.new do |s|
  s.name = name_from_somewhere
  s.version = VERSION
end
