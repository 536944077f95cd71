"""Debian's jupyter_kernel_test conformance suite against the mlnb-csharp kernel, with a C# sample for every test.

Run by KernelConformanceTests (xUnit) with /usr/bin/python3 and JUPYTER_PATH pointing at a temporary kernelspec.
"""
import unittest

import jupyter_kernel_test


class MlnbCSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "mlnb-csharp"
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("to stderr");'

    completion_samples = [
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "Math.Sqr", "matches": {"Sqrt"}},
        {"text": "#!trac", "matches": {"#!track"}},
    ]

    complete_code_samples = ["1 + 1", "var x = 1;", "if (true) { }", "#!track end"]
    incomplete_code_samples = ["if (true) {", "Console.WriteLine(1,", "var s = @\"abc"]
    invalid_code_samples = ["var x = ;", "var 1x = 2;"]

    code_page_something = "Math.Sqrt?"

    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"hello" + ", world"', "result": "hello, world"},
        {"code": "new[] { 1, 2, 3 }.Length", "result": "3"},
    ]

    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/plain"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.Sqrt"

    code_clear_output = "Cell.ClearOutput();"


if __name__ == "__main__":
    unittest.main(verbosity=2)
