// TypeScriptToLua plugin: the same Lua, printed for an admin to read.
// TSTL writes a table or argument list of up to four plain values on one
// line however long it grows (a registry of errors with their texts became
// a 500-character line); this printer breaks such a list onto one line per
// item once it is wider than WIDTH, and a string literal longer than WIDTH
// into a concatenation of pieces cut at spaces. A forward declaration of
// many locals (TSTL hoists every local that a closure uses before its
// declaration) is split into several `local` lines.
const { LuaPrinter, createStringLiteral } = require("typescript-to-lua");

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

  printVariableDeclarationStatement(statement) {
    const names = statement.left.map((e) => this.printExpression(e).toString());
    if (statement.right || names.join(", ").length <= WIDTH) {
      return super.printVariableDeclarationStatement(statement);
    }
    const lines = [];
    let line = [];
    for (const name of names) {
      if (line.length > 0 && [...line, name].join(", ").length > WIDTH) {
        lines.push(line);
        line = [];
      }
      line.push(name);
    }
    lines.push(line);
    const text = lines.map((group, i) => (i > 0 ? "\n" : "") + this.indent(`local ${group.join(", ")}`)).join("");
    return this.createSourceNode(statement, [text]);
  }

  printStringLiteral(expression) {
    const value = expression.value;
    if (value.length <= WIDTH || value.includes("\n")) {
      return super.printStringLiteral(expression);
    }
    const pieces = [];
    let rest = value;
    while (rest.length > WIDTH) {
      let cut = rest.lastIndexOf(" ", WIDTH);
      if (cut <= 0) {
        cut = WIDTH;
      }
      pieces.push(rest.slice(0, cut + 1));
      rest = rest.slice(cut + 1);
    }
    pieces.push(rest);
    const nodes = [];
    pieces.forEach((piece, i) => {
      if (i > 0) {
        nodes.push(` ..\n${this.currentIndent}    `);
      }
      nodes.push(super.printStringLiteral(createStringLiteral(piece)));
    });
    return this.concatNodes(...nodes);
  }
}

module.exports = {
  printer: (program, emitHost, fileName, file) => new ReadablePrinter(emitHost, program, fileName).print(file),
};
