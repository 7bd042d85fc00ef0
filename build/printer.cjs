// TypeScriptToLua plugin: the same Lua, printed for an admin to read.
// TSTL writes a table or argument list of up to four plain values on one
// line however long it grows (a registry of errors with their texts became
// a 500-character line); this printer breaks such a list onto one line per
// item once it is wider than WIDTH.
const { LuaPrinter } = require("typescript-to-lua");

const WIDTH = 100;

class ReadablePrinter extends LuaPrinter {
  isSimpleExpressionList(expressions) {
    if (!super.isSimpleExpressionList(expressions) || expressions.length <= 1) {
      return super.isSimpleExpressionList(expressions);
    }
    let width = 0;
    for (const expression of expressions) {
      width += this.printExpression(expression).toString().length + 2;
    }
    return width <= WIDTH;
  }
}

module.exports = {
  printer: (program, emitHost, fileName, file) => new ReadablePrinter(emitHost, program, fileName).print(file),
};
