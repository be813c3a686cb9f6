// name: gbk
// 按街道统计（GBK 编码）
RETURN '街道' AS x
