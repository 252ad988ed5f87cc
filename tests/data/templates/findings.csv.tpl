{{! One CSV row per finding (RFC 4180); see docs/report-formats.md. }}
{{%escape csv}}
id,package,installed,severity,fixed_version,layer,summary
{{#findings}}
{{id}},{{package.name}},{{package.version}},{{severity}},{{fixed_version}},{{package.layer.index}},{{summary}}
{{/findings}}
