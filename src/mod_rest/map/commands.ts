/**
 * Iq payloads of commands and registration: `command` (XEP-0050),
 * `register` (XEP-0077), `gateway` (XEP-0100); one file each
 * (commands_*.ts). Each implies kind iq.
 */
import type { FieldMapper } from "./field";
import { command } from "./commands_command";
import { register } from "./commands_register";
import { gateway } from "./commands_gateway";

/** This group's field mappers, in inference order and the order their elements are written. */
export const COMMAND_FIELDS: FieldMapper[] = [command, register, gateway];
