/* Links a child program's ELF file into a root task: CHILD_ELF is its path, CHILD_SYMBOL the
   name of the bytes (CHILD_SYMBOL and CHILD_SYMBOL_end, for runtime_process_start). */
    .section .rodata.child_image, "a"
    .balign 16
    .globl CHILD_SYMBOL
CHILD_SYMBOL:
    .incbin CHILD_ELF
    .globl CHILD_SYMBOL_END
CHILD_SYMBOL_END:
