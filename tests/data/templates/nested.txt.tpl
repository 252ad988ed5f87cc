{{! Nested sections, conditions, lookups up the context and list positions. }}
{{#summary}}
counts: critical={{CRITICAL}} high={{HIGH}} total={{total}}
{{/summary}}
{{#target}}
{{#platform}}
platform: {{os}}/{{architecture}} layers={{layers.length}}
{{/platform}}
{{/target}}
{{#findings}}
{{#if severity == "HIGH"}}
{{@index}}: {{id}} [{{severity}}] {{package.name}} in layer {{package.layer.index}} of {{target.os.pretty_name}}{{#if fixed_version}}, fixed in {{fixed_version}}{{else}}, not fixed ({{status}}){{/if}}
{{/if}}
{{/findings}}
{{#findings}}
{{#aliases}}
alias of {{id}} in {{package.name}}: {{.}}{{#if @first}} (first){{/if}}{{#if @last}} (last){{/if}}
{{/aliases}}
{{/findings}}
{{^packages}}
no package list (use --list-all-pkgs)
{{/packages}}
{{#unless gate.enabled}}
no gate
{{/unless}}
