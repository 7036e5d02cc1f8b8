// Diagnostics:
//   tools/shapes.yaml(1,11): warning DIFY1002: 'identity' must be a mapping, but it is a string
//   tools/shapes.yaml(3,3): warning DIFY1002: 'description' must be a mapping, but it is a list
//   tools/shapes.yaml(6,3): warning DIFY1002: 'parameters' must be a list, but it is a mapping
