// Diagnostics:
//   tools/broken.yaml(4,12): error DIFY1001: tools/broken.yaml is not valid YAML: While parsing a flow mapping, did not find expected ',' or '}'.
