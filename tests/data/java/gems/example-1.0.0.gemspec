# A hand-written specification, as some vendored gems ship.
Gem::Specification.new do |spec|
  spec.name    = 'example'
  spec.version = Gem::Version.new('1.0.0')
  spec.license = 'Apache-2.0'
  spec.summary = 'It\'s an example'
  spec.authors = %w[someone]
end
