// Diagnostics:
//   tools/broken.yaml(3,11): error DIFY1001: tools/broken.yaml is not valid YAML: the YAML cannot be read past this point; look for an unclosed bracket, brace or quote
